// The real encodings, imported statically and installed in ./real.ts. The registry imports this for
// Node (command line, server, tests); the web app's lab pages use ../catalogue.ts and load the
// encodings lazily instead (loadEncodings), so the rest of the app does not download ~3.5 MB.
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { provideEncodings } from './real.ts';

provideEncodings({ o200k_base: o200k, cl100k_base: cl100k });
