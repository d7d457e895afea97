// Built-in <Button>: a native button (type "button" unless given) with a
// Locus variant class: locus-button locus-button--«variant».
import React from 'react';

import { classes } from './classes';

export interface ButtonProps extends React.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: string;
}

export function Button({ variant = 'primary', type = 'button', className, ...rest }: ButtonProps) {
  return (
    <button type={type} className={classes('locus-button', `locus-button--${variant}`, className)} {...rest} />
  );
}
