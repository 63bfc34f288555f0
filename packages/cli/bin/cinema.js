#!/usr/bin/env node
// The bin lives outside dist so npm links it at install time, before the first build.
import '../dist/cli.js';
