-- CreateIndex
CREATE INDEX "Device_platformId_idx" ON "Device"("platformId");

-- CreateIndex
CREATE INDEX "Device_serial_idx" ON "Device"("serial");
