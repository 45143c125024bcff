-- CreateTable
CREATE TABLE "ExampleBgpSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "localAsn" INTEGER NOT NULL,
    "remoteAsn" INTEGER NOT NULL,
    "remoteAddress" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "description" TEXT NOT NULL DEFAULT '',
    "deviceId" TEXT NOT NULL,
    "customFieldData" TEXT NOT NULL DEFAULT '{}',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "ExampleBgpSession_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExampleDeviceBgp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceId" TEXT NOT NULL,
    "localAsn" INTEGER,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "ExampleDeviceBgp_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_ExampleBgpSession_tags" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_ExampleBgpSession_tags_A_fkey" FOREIGN KEY ("A") REFERENCES "ExampleBgpSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_ExampleBgpSession_tags_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ExampleBgpSession_deviceId_name_key" ON "ExampleBgpSession"("deviceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ExampleDeviceBgp_deviceId_key" ON "ExampleDeviceBgp"("deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "_ExampleBgpSession_tags_AB_unique" ON "_ExampleBgpSession_tags"("A", "B");

-- CreateIndex
CREATE INDEX "_ExampleBgpSession_tags_B_index" ON "_ExampleBgpSession_tags"("B");
