// The module generated pages and components import from: the built-in UI
// components (Button, Input, Stack, Text) and the helpers that translated
// action and `on load` bodies call (data access, log, navigation).
export { Button, Input, Stack, Text } from './ui';
export type { ButtonProps, InputProps, StackProps, TextProps } from './ui';
export { configureLocusRuntime, create, find, findOne, remove, update } from './data';
export type { EntityRecord, QueryOptions } from './data';
export { log } from './log';
export { navigate, redirect, routeId } from './navigation';
