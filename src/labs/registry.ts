// The lab registry for Node (command line, server, tests): the catalogue of ./catalogue.ts with the
// real tokenizers' encodings installed, so every lab runs synchronously. The web app imports
// ./catalogue.ts and loads the encodings only on the tokenization page.
import './tokenization/encodings.ts';

export * from './catalogue.ts';
