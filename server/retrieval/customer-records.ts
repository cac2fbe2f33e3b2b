import type { Metadata } from '../../lib/vector-store/types.ts';

/**
 * Every customer's document and metadata, held by the server from the same pages the BM25 index is
 * built from, so a search asks Chroma for ids and distances only and reads its candidates here.
 * Metadata is kept as its JSON text (about a third of the memory of the parsed object with its
 * ~60 keys) and parsed only for the few results a search returns. Customers written to Chroma after
 * the index was built are absent; the search fetches those from Chroma.
 */
export interface CustomerRecord {
  document: string;
  metadata: Metadata;
}

export class CustomerRecords {
  private readonly documents: string[] = [];
  private readonly metadataJson: string[] = [];
  private readonly indexOf = new Map<string, number>();

  get size(): number {
    return this.documents.length;
  }

  add(records: { id: string; document: string; metadata: Metadata }[]): void {
    for (const r of records) {
      let i = this.indexOf.get(r.id);
      if (i === undefined) {
        i = this.documents.length;
        this.indexOf.set(r.id, i);
      }
      this.documents[i] = r.document;
      this.metadataJson[i] = JSON.stringify(r.metadata);
    }
  }

  has(id: string): boolean {
    return this.indexOf.has(id);
  }

  document(id: string): string | undefined {
    const i = this.indexOf.get(id);
    return i === undefined ? undefined : this.documents[i];
  }

  get(id: string): CustomerRecord | undefined {
    const i = this.indexOf.get(id);
    if (i === undefined) return undefined;
    return { document: this.documents[i], metadata: JSON.parse(this.metadataJson[i]) as Metadata };
  }
}
