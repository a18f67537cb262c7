import { Embeddings } from '@langchain/core/embeddings';

/**
 * The embeddings of a vector store that was given vectors, not texts (a synthetic bench corpus, a
 * test): LangChain's store needs an `Embeddings`, and asking this one to embed says why it cannot.
 */
export class UnavailableEmbeddings extends Embeddings {
  constructor() {
    super({ maxRetries: 0 });
  }

  override async embedDocuments(): Promise<number[][]> {
    throw new Error('this vector store holds vectors only: give it an Embeddings (LangChainEmbeddings) to embed texts');
  }

  override async embedQuery(): Promise<number[]> {
    throw new Error('this vector store holds vectors only: give it an Embeddings (LangChainEmbeddings) to embed texts');
  }
}
