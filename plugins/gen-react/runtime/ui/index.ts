// The built-in UI components of generated pages and components.
export { Button } from './Button';
export type { ButtonProps } from './Button';
export { Input } from './Input';
export type { InputProps } from './Input';
export { Stack } from './Stack';
export type { StackProps } from './Stack';
export { Text } from './Text';
export type { TextProps } from './Text';
