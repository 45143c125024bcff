/** Content type labels of the core models, as Nautobot names them (app_label.model). */
export const CORE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  Status: 'extras.status',
  Tag: 'extras.tag',
  Role: 'extras.role',
  LocationType: 'dcim.locationtype',
  Location: 'dcim.location',
  Manufacturer: 'dcim.manufacturer',
  DeviceType: 'dcim.devicetype',
  Platform: 'dcim.platform',
  Device: 'dcim.device',
  Interface: 'dcim.interface',
  Prefix: 'ipam.prefix',
  IPAddress: 'ipam.ipaddress',
  VLAN: 'ipam.vlan',
  User: 'users.user',
  Group: 'users.group',
  ObjectPermission: 'users.objectpermission',
  AuditEvent: 'users.auditevent',
  ObjectChange: 'extras.objectchange',
  JobResult: 'extras.jobresult',
  Secret: 'extras.secret',
  ExportTemplate: 'extras.exporttemplate',
  GitRepository: 'extras.gitrepository',
  CustomField: 'extras.customfield',
  JobLog: 'extras.jobresult',
  Webhook: 'extras.webhook',
  ComputedField: 'extras.computedfield',
  CustomLink: 'extras.customlink',
  JobHook: 'extras.jobhook',
  Relationship: 'extras.relationship',
  ScheduledJob: 'extras.scheduledjob',
  // A webhook's deliveries are its records, governed by its permissions.
  WebhookDelivery: 'extras.webhook',
};

/** Model name → content type label, for the core and the enabled plugins' models. */
export function contentTypeMap(modelsByPlugin: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  const map = new Map(Object.entries(CORE_CONTENT_TYPES));
  for (const [plugin, models] of modelsByPlugin) for (const model of models) map.set(model, `${plugin}.${model.toLowerCase()}`);
  return map;
}
