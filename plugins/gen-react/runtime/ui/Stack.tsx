// Built-in <Stack>: a flex container, a column unless direction="row";
// `gap` (or the older `spacing`) sets the space between children.
import React from 'react';

import { classes } from './classes';

export interface StackProps extends React.HTMLAttributes<HTMLDivElement> {
  direction?: 'row' | 'column' | 'row-reverse' | 'column-reverse';
  gap?: string | number;
  spacing?: string | number;
  align?: React.CSSProperties['alignItems'];
  justify?: React.CSSProperties['justifyContent'];
  wrap?: boolean;
}

export function Stack({
  direction = 'column',
  gap,
  spacing,
  align,
  justify,
  wrap,
  className,
  style,
  ...rest
}: StackProps) {
  const layout: React.CSSProperties = {
    display: 'flex',
    flexDirection: direction,
    gap: gap ?? spacing,
    alignItems: align,
    justifyContent: justify,
    flexWrap: wrap ? 'wrap' : undefined,
    ...style,
  };
  return <div className={classes('locus-stack', className)} style={layout} {...rest} />;
}
