-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Interface" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'other',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "mtu" INTEGER,
    "macAddress" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "mode" TEXT NOT NULL DEFAULT '',
    "deviceId" TEXT NOT NULL,
    "untaggedVlanId" TEXT,
    "customFieldData" TEXT NOT NULL DEFAULT '{}',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "Interface_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Interface_untaggedVlanId_fkey" FOREIGN KEY ("untaggedVlanId") REFERENCES "VLAN" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Interface" ("created", "customFieldData", "description", "deviceId", "enabled", "id", "lastUpdated", "macAddress", "mtu", "name", "type") SELECT "created", "customFieldData", "description", "deviceId", "enabled", "id", "lastUpdated", "macAddress", "mtu", "name", "type" FROM "Interface";
DROP TABLE "Interface";
ALTER TABLE "new_Interface" RENAME TO "Interface";
CREATE INDEX "Interface_name_id_idx" ON "Interface"("name", "id");
CREATE INDEX "Interface_untaggedVlanId_idx" ON "Interface"("untaggedVlanId");
CREATE UNIQUE INDEX "Interface_deviceId_name_key" ON "Interface"("deviceId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
