// Built-in <Input>: a native input. A boolean value (a binding to a
// Boolean state) or a `checked` prop makes it a checkbox unless a type is
// given; null shows as empty.
import React from 'react';

import { classes } from './classes';

export interface InputProps extends Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value'> {
  value?: string | number | boolean | readonly string[] | null;
}

export function Input({ value, type, checked, className, ...rest }: InputProps) {
  const isFlag = typeof value === 'boolean' || (checked !== undefined && value === undefined);
  const inputType = type ?? (isFlag ? 'checkbox' : 'text');
  const shown = typeof value === 'boolean' || value === null ? undefined : value;
  const ticked = typeof value === 'boolean' ? value : checked;
  return (
    <input
      type={inputType}
      className={classes('locus-input', className)}
      value={shown}
      checked={ticked}
      {...rest}
    />
  );
}
