-- CreateTable
CREATE TABLE "PeeringContact" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "sessionId" TEXT NOT NULL,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PeeringContact_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "PeeringContact" ADD CONSTRAINT "PeeringContact_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExampleBgpSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;
