import type { ShotContext } from '@cinema/core';
import { readTextChunk, withTextChunk } from '../util/png-chunks.js';

/** What a storyboard picture is drawn from. Same recipe, same PNG bytes. */
export interface DrawingRecipe {
  width: number;
  height: number;
  /** Used as the caption and to pick the set when there is no context. */
  prompt: string;
  context?: ShotContext;
  seed?: number;
}

/** The PNG text keyword the recipe is kept under. */
export const recipeKeyword = 'cinema-animatic';

/**
 * The PNG with its recipe written in, so the animatic's camera can later draw the picture and its
 * text apart and move the picture only. The pixels are not touched.
 */
export function withRecipe(png: Uint8Array, recipe: DrawingRecipe): Uint8Array {
  const { width, height, prompt, context, seed } = recipe;
  return withTextChunk(png, recipeKeyword, JSON.stringify({ version: 1, width, height, prompt, context, seed }));
}

/** The recipe a PNG carries, or undefined when it has none or a malformed one. */
export function readRecipe(png: Uint8Array): DrawingRecipe | undefined {
  const text = readTextChunk(png, recipeKeyword);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const { version, width, height, prompt, context, seed } = value as Record<string, unknown>;
  if (version !== 1 || !Number.isInteger(width) || !Number.isInteger(height) || typeof prompt !== 'string') return undefined;
  if (seed !== undefined && typeof seed !== 'number') return undefined;
  if (context !== undefined && (context === null || typeof context !== 'object' || !Array.isArray((context as ShotContext).characters))) return undefined;
  return {
    width: width as number,
    height: height as number,
    prompt,
    ...(context !== undefined ? { context: context as ShotContext } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
}
