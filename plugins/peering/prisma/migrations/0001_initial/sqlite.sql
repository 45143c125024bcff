-- CreateTable
CREATE TABLE "PeeringContact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "sessionId" TEXT NOT NULL,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdated" DATETIME NOT NULL,
    CONSTRAINT "PeeringContact_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExampleBgpSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
