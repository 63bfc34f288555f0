/** Characters of the shipped font that fit across 90% of the frame at a size, roughly. */
export function maxCharacters(width: number, fontSize: number): number {
  return Math.max(8, Math.floor((width * 0.9) / (fontSize * 0.68)));
}

/**
 * Breaks text into lines of at most `limit` characters, at spaces where it can and anywhere in a
 * word that is longer than a line (scripts written without spaces). Existing line breaks stay.
 */
export function wrapText(text: string, limit: number): string {
  const out: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line: string[] = [];
    const flush = () => {
      out.push(line.join(''));
      line = [];
    };
    for (const word of paragraph.split(/(\s+)/)) {
      const characters = Array.from(word);
      if (/^\s+$/.test(word)) {
        if (line.length > 0 && line.length < limit) line.push(' ');
        continue;
      }
      if (line.length > 0 && line.length + characters.length > limit) {
        while (line[line.length - 1] === ' ') line.pop();
        flush();
      }
      for (const character of characters) {
        if (line.length >= limit) flush();
        line.push(character);
      }
    }
    while (line[line.length - 1] === ' ') line.pop();
    if (line.length > 0 || out.length === 0 || paragraph === '') flush();
  }
  return out.filter((line, index) => line !== '' || index === 0).join('\n');
}
