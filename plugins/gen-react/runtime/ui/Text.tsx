// Built-in <Text>: text in a <span> (or the element `as` names) with a
// Locus variant class; `value` is shown when there are no children.
import React from 'react';

import { classes } from './classes';

export interface TextProps extends React.HTMLAttributes<HTMLElement> {
  as?: React.ElementType;
  variant?: string;
  value?: React.ReactNode;
}

export function Text({ as: Tag = 'span', variant = 'body', value, children, className, ...rest }: TextProps) {
  return (
    <Tag className={classes('locus-text', `locus-text--${variant}`, className)} {...rest}>
      {children ?? value}
    </Tag>
  );
}
