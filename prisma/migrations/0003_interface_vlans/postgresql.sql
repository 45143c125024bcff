-- AlterTable
ALTER TABLE "Interface" ADD COLUMN     "mode" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "untaggedVlanId" TEXT;

-- CreateIndex
CREATE INDEX "Interface_untaggedVlanId_idx" ON "Interface"("untaggedVlanId");

-- AddForeignKey
ALTER TABLE "Interface" ADD CONSTRAINT "Interface_untaggedVlanId_fkey" FOREIGN KEY ("untaggedVlanId") REFERENCES "VLAN"("id") ON DELETE SET NULL ON UPDATE CASCADE;
