-- The quick search's trigram indexes need the pg_trgm extension. It is a trusted extension (PostgreSQL 13 and
-- later): a user allowed to create objects in the database may install it. Otherwise a superuser runs this line
-- once before the upgrade.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Location_search_trgm" ON "Location" USING GIN ("name" gin_trgm_ops, "description" gin_trgm_ops, "facility" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Manufacturer_search_trgm" ON "Manufacturer" USING GIN ("name" gin_trgm_ops, "description" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "DeviceType_search_trgm" ON "DeviceType" USING GIN ("model" gin_trgm_ops, "partNumber" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Platform_search_trgm" ON "Platform" USING GIN ("name" gin_trgm_ops, "description" gin_trgm_ops, "napalmDriver" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Device_search_trgm" ON "Device" USING GIN ("name" gin_trgm_ops, "serial" gin_trgm_ops, "assetTag" gin_trgm_ops, "comments" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Interface_search_trgm" ON "Interface" USING GIN ("name" gin_trgm_ops, "description" gin_trgm_ops, "macAddress" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Prefix_search_trgm" ON "Prefix" USING GIN ("prefix" gin_trgm_ops, "description" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "IPAddress_search_trgm" ON "IPAddress" USING GIN ("address" gin_trgm_ops, "dnsName" gin_trgm_ops, "description" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "VLAN_search_trgm" ON "VLAN" USING GIN ("name" gin_trgm_ops, "description" gin_trgm_ops);
