import type { FormExtension, FormSave } from 'fathom/sdk';

/** ASNs a device cannot speak BGP from: AS 0 and AS_TRANS (RFC 6793). */
const RESERVED = new Set([0, 23456]);

/**
 * A "Local ASN" field on the core device form, kept in the plugin's own `ExampleDeviceBgp` model and saved in the
 * same transaction as the device: a device and its ASN are written together or not at all.
 */
export const localAsnField: FormExtension = {
  type: 'Int',
  label: 'Local ASN',
  description: 'The ASN this device speaks BGP from (kept by the example plugin).',
  permissions: ['example.view_exampledevicebgp', 'example.add_exampledevicebgp', 'example.change_exampledevicebgp'],
  load: async (ctx, ids) => {
    const rows = await ctx.prisma.exampleDeviceBgp.findMany({ where: { deviceId: { in: [...ids] } }, select: { deviceId: true, localAsn: true } });
    return Object.fromEntries(rows.map((row) => [row.deviceId, row.localAsn]));
  },
  validate: (value: number) => {
    if (value < 1) return ['An ASN is a positive number.'];
    if (RESERVED.has(value)) return [`AS ${value} is reserved and cannot be a device's ASN.`];
    return [];
  },
  save: async (ctx, { object, value }: FormSave<number>) => {
    if (value === null) {
      await ctx.prisma.exampleDeviceBgp.updateMany({ where: { deviceId: object.id }, data: { localAsn: null } });
      return;
    }
    // The device's BGP sessions say which AS they speak from; the device's ASN must agree with them.
    const other = await ctx.prisma.exampleBgpSession.count({ where: { deviceId: object.id, localAsn: { not: value } } });
    if (other > 0) return [`${other} BGP session(s) of this device use another local ASN; change them first.`];
    await ctx.prisma.exampleDeviceBgp.upsert({ where: { deviceId: object.id }, create: { deviceId: object.id, localAsn: value }, update: { localAsn: value } });
    return [];
  },
};
