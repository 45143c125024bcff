-- CreateTable
CREATE TABLE "ContentType" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appLabel" TEXT NOT NULL,
    "model" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Status" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "color" TEXT NOT NULL DEFAULT '9e9e9e',
    "description" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "color" TEXT NOT NULL DEFAULT '9e9e9e',
    "description" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Role" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "color" TEXT NOT NULL DEFAULT '9e9e9e',
    "description" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FathomPluginState" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "version" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "prismaFragment" TEXT NOT NULL,
    "lastUpgraded" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FathomServedSchema" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sdl" TEXT NOT NULL,
    "fathomVersion" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ObjectChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "time" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "userName" TEXT NOT NULL DEFAULT '',
    "requestId" TEXT NOT NULL DEFAULT '',
    "action" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "objectRepr" TEXT NOT NULL DEFAULT '',
    "data" TEXT NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "JobResult" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "plugin" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "input" TEXT NOT NULL DEFAULT '{}',
    "result" TEXT NOT NULL DEFAULT '',
    "error" TEXT NOT NULL DEFAULT '',
    "userId" TEXT,
    "userName" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started" DATETIME,
    "finished" DATETIME
);

-- CreateTable
CREATE TABLE "JobLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobResultId" TEXT NOT NULL,
    "time" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" TEXT NOT NULL DEFAULT 'info',
    "message" TEXT NOT NULL,
    CONSTRAINT "JobLog_jobResultId_fkey" FOREIGN KEY ("jobResultId") REFERENCES "JobResult" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Secret" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "provider" TEXT NOT NULL,
    "parameters" TEXT NOT NULL DEFAULT '{}',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ExportTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "contentType" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL DEFAULT 'text/plain',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "GitRepository" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "remoteUrl" TEXT NOT NULL,
    "branch" TEXT NOT NULL DEFAULT 'main',
    "providedContents" TEXT NOT NULL DEFAULT '',
    "currentHead" TEXT NOT NULL DEFAULT '',
    "lastSynced" DATETIME,
    "syncStatus" TEXT NOT NULL DEFAULT 'never',
    "syncLog" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CustomField" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "type" TEXT NOT NULL DEFAULT 'text',
    "required" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT NOT NULL DEFAULT '',
    "choices" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "typeCreate" BOOLEAN NOT NULL DEFAULT true,
    "typeUpdate" BOOLEAN NOT NULL DEFAULT true,
    "typeDelete" BOOLEAN NOT NULL DEFAULT true,
    "payloadUrl" TEXT NOT NULL,
    "httpMethod" TEXT NOT NULL DEFAULT 'POST',
    "httpContentType" TEXT NOT NULL DEFAULT 'application/json',
    "additionalHeaders" TEXT NOT NULL DEFAULT '',
    "bodyTemplate" TEXT NOT NULL DEFAULT '',
    "secret" TEXT NOT NULL DEFAULT '',
    "sslVerification" BOOLEAN NOT NULL DEFAULT true,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "webhookId" TEXT NOT NULL,
    "objectChangeId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "responseStatus" INTEGER,
    "error" TEXT NOT NULL DEFAULT '',
    "requestBody" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ComputedField" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "contentType" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "fallbackValue" TEXT NOT NULL DEFAULT '',
    "weight" INTEGER NOT NULL DEFAULT 100,
    "description" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CustomLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "targetUrl" TEXT NOT NULL,
    "weight" INTEGER NOT NULL DEFAULT 100,
    "groupName" TEXT NOT NULL DEFAULT '',
    "buttonClass" TEXT NOT NULL DEFAULT 'default',
    "newWindow" BOOLEAN NOT NULL DEFAULT false,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "JobHook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "typeCreate" BOOLEAN NOT NULL DEFAULT true,
    "typeUpdate" BOOLEAN NOT NULL DEFAULT true,
    "typeDelete" BOOLEAN NOT NULL DEFAULT true,
    "plugin" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Relationship" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "type" TEXT NOT NULL DEFAULT 'many-to-many',
    "sourceType" TEXT NOT NULL,
    "sourceLabel" TEXT NOT NULL DEFAULT '',
    "sourceHidden" BOOLEAN NOT NULL DEFAULT false,
    "destinationType" TEXT NOT NULL,
    "destinationLabel" TEXT NOT NULL DEFAULT '',
    "destinationHidden" BOOLEAN NOT NULL DEFAULT false,
    "requiredOn" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RelationshipAssociation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "relationshipId" TEXT NOT NULL,
    "sourceType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "destinationType" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RelationshipAssociation_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "Relationship" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduledJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "plugin" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "input" TEXT NOT NULL DEFAULT '{}',
    "interval" TEXT NOT NULL DEFAULT 'once',
    "crontab" TEXT NOT NULL DEFAULT '',
    "startAt" DATETIME NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "userId" TEXT,
    "userName" TEXT NOT NULL DEFAULT '',
    "lastRun" DATETIME,
    "totalRuns" INTEGER NOT NULL DEFAULT 0,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "email" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL DEFAULT '',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "isSuperuser" BOOLEAN NOT NULL DEFAULT false,
    "lastLogin" DATETIME,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Group" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Token" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "writeEnabled" BOOLEAN NOT NULL DEFAULT true,
    "expires" DATETIME,
    "revoked" DATETIME,
    "lastUsed" DATETIME,
    "userId" TEXT NOT NULL,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Token_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "keyHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expires" DATETIME NOT NULL,
    "ip" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ObjectPermission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "actions" TEXT NOT NULL,
    "constraints" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "time" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL DEFAULT '',
    "ip" TEXT NOT NULL DEFAULT '',
    "detail" TEXT NOT NULL DEFAULT ''
);

-- CreateTable
CREATE TABLE "LocationType" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "nestable" BOOLEAN NOT NULL DEFAULT false,
    "parentId" TEXT,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "LocationType_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "LocationType" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Location" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "facility" TEXT NOT NULL DEFAULT '',
    "locationTypeId" TEXT NOT NULL,
    "parentId" TEXT,
    "statusId" TEXT NOT NULL,
    "customFieldData" TEXT NOT NULL DEFAULT '{}',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "Location_locationTypeId_fkey" FOREIGN KEY ("locationTypeId") REFERENCES "LocationType" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Location_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Location" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Location_statusId_fkey" FOREIGN KEY ("statusId") REFERENCES "Status" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Manufacturer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DeviceType" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "model" TEXT NOT NULL,
    "partNumber" TEXT NOT NULL DEFAULT '',
    "uHeight" INTEGER NOT NULL DEFAULT 1,
    "isFullDepth" BOOLEAN NOT NULL DEFAULT true,
    "comments" TEXT NOT NULL DEFAULT '',
    "manufacturerId" TEXT NOT NULL,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "DeviceType_manufacturerId_fkey" FOREIGN KEY ("manufacturerId") REFERENCES "Manufacturer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Platform" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "napalmDriver" TEXT NOT NULL DEFAULT '',
    "manufacturerId" TEXT,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "Platform_manufacturerId_fkey" FOREIGN KEY ("manufacturerId") REFERENCES "Manufacturer" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "serial" TEXT NOT NULL DEFAULT '',
    "assetTag" TEXT,
    "comments" TEXT NOT NULL DEFAULT '',
    "locationId" TEXT NOT NULL,
    "deviceTypeId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "platformId" TEXT,
    "statusId" TEXT NOT NULL,
    "customFieldData" TEXT NOT NULL DEFAULT '{}',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "Device_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Device_deviceTypeId_fkey" FOREIGN KEY ("deviceTypeId") REFERENCES "DeviceType" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Device_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Device_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "Platform" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Device_statusId_fkey" FOREIGN KEY ("statusId") REFERENCES "Status" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Interface" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'other',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "mtu" INTEGER,
    "macAddress" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "deviceId" TEXT NOT NULL,
    "customFieldData" TEXT NOT NULL DEFAULT '{}',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "Interface_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Prefix" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "prefix" TEXT NOT NULL,
    "ipVersion" INTEGER NOT NULL,
    "prefixLength" INTEGER NOT NULL,
    "network" TEXT NOT NULL,
    "broadcast" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "isPool" BOOLEAN NOT NULL DEFAULT false,
    "statusId" TEXT NOT NULL,
    "locationId" TEXT,
    "vlanId" TEXT,
    "customFieldData" TEXT NOT NULL DEFAULT '{}',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "Prefix_statusId_fkey" FOREIGN KEY ("statusId") REFERENCES "Status" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Prefix_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Prefix_vlanId_fkey" FOREIGN KEY ("vlanId") REFERENCES "VLAN" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IPAddress" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "address" TEXT NOT NULL,
    "ipVersion" INTEGER NOT NULL,
    "prefixLength" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT '',
    "dnsName" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "statusId" TEXT NOT NULL,
    "interfaceId" TEXT,
    "customFieldData" TEXT NOT NULL DEFAULT '{}',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "IPAddress_statusId_fkey" FOREIGN KEY ("statusId") REFERENCES "Status" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "IPAddress_interfaceId_fkey" FOREIGN KEY ("interfaceId") REFERENCES "Interface" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VLAN" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "vid" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "statusId" TEXT NOT NULL,
    "locationId" TEXT,
    "roleId" TEXT,
    "customFieldData" TEXT NOT NULL DEFAULT '{}',
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "VLAN_statusId_fkey" FOREIGN KEY ("statusId") REFERENCES "Status" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "VLAN_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "VLAN_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_ContentTypeToCustomField" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_ContentTypeToCustomField_A_fkey" FOREIGN KEY ("A") REFERENCES "ContentType" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_ContentTypeToCustomField_B_fkey" FOREIGN KEY ("B") REFERENCES "CustomField" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_ContentTypeToStatus" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_ContentTypeToStatus_A_fkey" FOREIGN KEY ("A") REFERENCES "ContentType" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_ContentTypeToStatus_B_fkey" FOREIGN KEY ("B") REFERENCES "Status" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_ContentTypeToObjectPermission" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_ContentTypeToObjectPermission_A_fkey" FOREIGN KEY ("A") REFERENCES "ContentType" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_ContentTypeToObjectPermission_B_fkey" FOREIGN KEY ("B") REFERENCES "ObjectPermission" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_ContentTypeToWebhook" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_ContentTypeToWebhook_A_fkey" FOREIGN KEY ("A") REFERENCES "ContentType" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_ContentTypeToWebhook_B_fkey" FOREIGN KEY ("B") REFERENCES "Webhook" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_ContentTypeToJobHook" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_ContentTypeToJobHook_A_fkey" FOREIGN KEY ("A") REFERENCES "ContentType" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_ContentTypeToJobHook_B_fkey" FOREIGN KEY ("B") REFERENCES "JobHook" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_TagToVLAN" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_TagToVLAN_A_fkey" FOREIGN KEY ("A") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_TagToVLAN_B_fkey" FOREIGN KEY ("B") REFERENCES "VLAN" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_GroupToUser" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_GroupToUser_A_fkey" FOREIGN KEY ("A") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_GroupToUser_B_fkey" FOREIGN KEY ("B") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_GroupToObjectPermission" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_GroupToObjectPermission_A_fkey" FOREIGN KEY ("A") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_GroupToObjectPermission_B_fkey" FOREIGN KEY ("B") REFERENCES "ObjectPermission" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_ObjectPermissionToUser" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_ObjectPermissionToUser_A_fkey" FOREIGN KEY ("A") REFERENCES "ObjectPermission" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_ObjectPermissionToUser_B_fkey" FOREIGN KEY ("B") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_LocationToTag" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_LocationToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_LocationToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_DeviceToTag" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_DeviceToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_DeviceToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_InterfaceToTag" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_InterfaceToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "Interface" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_InterfaceToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_PrefixToTag" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_PrefixToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "Prefix" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_PrefixToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_IPAddressToTag" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_IPAddressToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "IPAddress" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_IPAddressToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ContentType_appLabel_model_key" ON "ContentType"("appLabel", "model");

-- CreateIndex
CREATE UNIQUE INDEX "Status_name_key" ON "Status"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Role_name_key" ON "Role"("name");

-- CreateIndex
CREATE INDEX "ObjectChange_time_idx" ON "ObjectChange"("time");

-- CreateIndex
CREATE INDEX "ObjectChange_contentType_objectId_idx" ON "ObjectChange"("contentType", "objectId");

-- CreateIndex
CREATE INDEX "JobResult_created_idx" ON "JobResult"("created");

-- CreateIndex
CREATE UNIQUE INDEX "Secret_name_key" ON "Secret"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ExportTemplate_name_key" ON "ExportTemplate"("name");

-- CreateIndex
CREATE UNIQUE INDEX "GitRepository_name_key" ON "GitRepository"("name");

-- CreateIndex
CREATE UNIQUE INDEX "CustomField_name_key" ON "CustomField"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Webhook_name_key" ON "Webhook"("name");

-- CreateIndex
CREATE INDEX "WebhookDelivery_webhookId_created_idx" ON "WebhookDelivery"("webhookId", "created");

-- CreateIndex
CREATE UNIQUE INDEX "ComputedField_name_key" ON "ComputedField"("name");

-- CreateIndex
CREATE INDEX "ComputedField_contentType_idx" ON "ComputedField"("contentType");

-- CreateIndex
CREATE UNIQUE INDEX "CustomLink_name_key" ON "CustomLink"("name");

-- CreateIndex
CREATE INDEX "CustomLink_contentType_idx" ON "CustomLink"("contentType");

-- CreateIndex
CREATE UNIQUE INDEX "JobHook_name_key" ON "JobHook"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Relationship_key_key" ON "Relationship"("key");

-- CreateIndex
CREATE INDEX "Relationship_sourceType_idx" ON "Relationship"("sourceType");

-- CreateIndex
CREATE INDEX "Relationship_destinationType_idx" ON "Relationship"("destinationType");

-- CreateIndex
CREATE INDEX "RelationshipAssociation_sourceType_sourceId_idx" ON "RelationshipAssociation"("sourceType", "sourceId");

-- CreateIndex
CREATE INDEX "RelationshipAssociation_destinationType_destinationId_idx" ON "RelationshipAssociation"("destinationType", "destinationId");

-- CreateIndex
CREATE UNIQUE INDEX "RelationshipAssociation_relationshipId_sourceId_destinationId_key" ON "RelationshipAssociation"("relationshipId", "sourceId", "destinationId");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduledJob_name_key" ON "ScheduledJob"("name");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Group_name_key" ON "Group"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Token_keyHash_key" ON "Token"("keyHash");

-- CreateIndex
CREATE UNIQUE INDEX "Session_keyHash_key" ON "Session"("keyHash");

-- CreateIndex
CREATE UNIQUE INDEX "ObjectPermission_name_key" ON "ObjectPermission"("name");

-- CreateIndex
CREATE INDEX "AuditEvent_action_time_idx" ON "AuditEvent"("action", "time");

-- CreateIndex
CREATE UNIQUE INDEX "LocationType_name_key" ON "LocationType"("name");

-- CreateIndex
CREATE INDEX "Location_locationTypeId_idx" ON "Location"("locationTypeId");

-- CreateIndex
CREATE INDEX "Location_name_id_idx" ON "Location"("name", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Location_parentId_name_key" ON "Location"("parentId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Manufacturer_name_key" ON "Manufacturer"("name");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceType_manufacturerId_model_key" ON "DeviceType"("manufacturerId", "model");

-- CreateIndex
CREATE UNIQUE INDEX "Platform_name_key" ON "Platform"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Device_assetTag_key" ON "Device"("assetTag");

-- CreateIndex
CREATE INDEX "Device_name_id_idx" ON "Device"("name", "id");

-- CreateIndex
CREATE INDEX "Device_deviceTypeId_idx" ON "Device"("deviceTypeId");

-- CreateIndex
CREATE INDEX "Device_roleId_idx" ON "Device"("roleId");

-- CreateIndex
CREATE INDEX "Device_statusId_idx" ON "Device"("statusId");

-- CreateIndex
CREATE UNIQUE INDEX "Device_locationId_name_key" ON "Device"("locationId", "name");

-- CreateIndex
CREATE INDEX "Interface_name_id_idx" ON "Interface"("name", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Interface_deviceId_name_key" ON "Interface"("deviceId", "name");

-- CreateIndex
CREATE INDEX "Prefix_ipVersion_network_broadcast_idx" ON "Prefix"("ipVersion", "network", "broadcast");

-- CreateIndex
CREATE INDEX "IPAddress_ipVersion_host_id_idx" ON "IPAddress"("ipVersion", "host", "id");

-- CreateIndex
CREATE INDEX "IPAddress_interfaceId_idx" ON "IPAddress"("interfaceId");

-- CreateIndex
CREATE INDEX "VLAN_vid_id_idx" ON "VLAN"("vid", "id");

-- CreateIndex
CREATE UNIQUE INDEX "VLAN_locationId_vid_key" ON "VLAN"("locationId", "vid");

-- CreateIndex
CREATE UNIQUE INDEX "_ContentTypeToCustomField_AB_unique" ON "_ContentTypeToCustomField"("A", "B");

-- CreateIndex
CREATE INDEX "_ContentTypeToCustomField_B_index" ON "_ContentTypeToCustomField"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_ContentTypeToStatus_AB_unique" ON "_ContentTypeToStatus"("A", "B");

-- CreateIndex
CREATE INDEX "_ContentTypeToStatus_B_index" ON "_ContentTypeToStatus"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_ContentTypeToObjectPermission_AB_unique" ON "_ContentTypeToObjectPermission"("A", "B");

-- CreateIndex
CREATE INDEX "_ContentTypeToObjectPermission_B_index" ON "_ContentTypeToObjectPermission"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_ContentTypeToWebhook_AB_unique" ON "_ContentTypeToWebhook"("A", "B");

-- CreateIndex
CREATE INDEX "_ContentTypeToWebhook_B_index" ON "_ContentTypeToWebhook"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_ContentTypeToJobHook_AB_unique" ON "_ContentTypeToJobHook"("A", "B");

-- CreateIndex
CREATE INDEX "_ContentTypeToJobHook_B_index" ON "_ContentTypeToJobHook"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_TagToVLAN_AB_unique" ON "_TagToVLAN"("A", "B");

-- CreateIndex
CREATE INDEX "_TagToVLAN_B_index" ON "_TagToVLAN"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_GroupToUser_AB_unique" ON "_GroupToUser"("A", "B");

-- CreateIndex
CREATE INDEX "_GroupToUser_B_index" ON "_GroupToUser"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_GroupToObjectPermission_AB_unique" ON "_GroupToObjectPermission"("A", "B");

-- CreateIndex
CREATE INDEX "_GroupToObjectPermission_B_index" ON "_GroupToObjectPermission"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_ObjectPermissionToUser_AB_unique" ON "_ObjectPermissionToUser"("A", "B");

-- CreateIndex
CREATE INDEX "_ObjectPermissionToUser_B_index" ON "_ObjectPermissionToUser"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_LocationToTag_AB_unique" ON "_LocationToTag"("A", "B");

-- CreateIndex
CREATE INDEX "_LocationToTag_B_index" ON "_LocationToTag"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_DeviceToTag_AB_unique" ON "_DeviceToTag"("A", "B");

-- CreateIndex
CREATE INDEX "_DeviceToTag_B_index" ON "_DeviceToTag"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_InterfaceToTag_AB_unique" ON "_InterfaceToTag"("A", "B");

-- CreateIndex
CREATE INDEX "_InterfaceToTag_B_index" ON "_InterfaceToTag"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_PrefixToTag_AB_unique" ON "_PrefixToTag"("A", "B");

-- CreateIndex
CREATE INDEX "_PrefixToTag_B_index" ON "_PrefixToTag"("B");

-- CreateIndex
CREATE UNIQUE INDEX "_IPAddressToTag_AB_unique" ON "_IPAddressToTag"("A", "B");

-- CreateIndex
CREATE INDEX "_IPAddressToTag_B_index" ON "_IPAddressToTag"("B");
