import { z } from 'zod';

const PERMISSION = /^[\w-]+\.(view|add|change|delete)_\w+$/;

/** A permission in Nautobot's notation: `<app_label>.<action>_<model>`, e.g. `dcim.view_device`. */
export type PermissionName = `${string}.${'view' | 'add' | 'change' | 'delete'}_${string}`;

type Fn = (...args: never[]) => unknown;
/** A callback: checked to be a function at start-up, typed by `T` for the author. */
export const fn = <T extends Fn>() => z.custom<T>((value) => typeof value === 'function', 'must be a function');
export const permission = z.custom<PermissionName>((v) => typeof v === 'string' && PERMISSION.test(v), 'must look like app.view_model');
export const permissions = z.array(permission).optional();
