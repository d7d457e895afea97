// Joins class names, skipping empty ones: classes('a', undefined, 'b') === 'a b'.
export function classes(...names: Array<string | false | null | undefined>): string {
  return names.filter((name): name is string => Boolean(name)).join(' ');
}
