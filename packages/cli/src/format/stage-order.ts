/** The built-in stages in the order a film is made; a user's own stages come after them. */
export const builtInStageOrder = ['screenplay', 'characters', 'keyframes', 'videos', 'audio', 'edit'] as const;

/** Stage names sorted as the film is made, unknown ones last in the order given. */
export function sortStages(names: Iterable<string>): string[] {
  const rank = (name: string) => {
    const index = (builtInStageOrder as readonly string[]).indexOf(name);
    return index === -1 ? builtInStageOrder.length : index;
  };
  return [...names].sort((a, b) => rank(a) - rank(b));
}
