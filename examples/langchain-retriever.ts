// The tutor's retrieval pipeline inside a LangChain.js chain: `npx tsx examples/langchain-retriever.ts "your question"`.
// Configuration comes from the environment, as for `npm start` (README: Configuration).
import type { Document } from '@langchain/core/documents';
import { RunnableLambda } from '@langchain/core/runnables';
import { loadConfig } from '../src/config/index.js';
import type { TutorDocumentMetadata } from '../src/retrieval/index.js';
import { createLogger, createRuntime } from '../src/runtime/index.js';

const runtime = await createRuntime(loadConfig(process.env), { logger: createLogger('silent') });
try {
  // Any runnable can follow the retriever: here, a list of the records found, cited as the tutor cites.
  const listSources = RunnableLambda.from((documents: Document<TutorDocumentMetadata>[]) =>
    documents.length === 0
      ? 'The bank does not cover this question.'
      : documents.map(({ metadata }) => `${metadata.citation} (${metadata.scope}) ${metadata.question[metadata.language]}`).join('\n'),
  );
  const chain = runtime.retriever.pipe(listSources);
  console.log(await chain.invoke(process.argv[2] ?? 'How does retrieval-augmented generation work?'));
} finally {
  await runtime.close();
}
