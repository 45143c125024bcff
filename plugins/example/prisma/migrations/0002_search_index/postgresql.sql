-- CreateIndex
CREATE INDEX "ExampleBgpSession_search_trgm" ON "ExampleBgpSession" USING GIN ("name" gin_trgm_ops, "remoteAddress" gin_trgm_ops, "description" gin_trgm_ops);
