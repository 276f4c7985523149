def chunk_words(words: list[str], chunk_size: int = 200, overlap: int = 50) -> list[list[str]]:
    # slices the rest of the list after every chunk: O(n^2 / step)
    chunks = []
    step = chunk_size - overlap
    rest = list(words)
    while rest:
        chunks.append(rest[:chunk_size])
        if len(rest) <= chunk_size:
            break
        rest = rest[step:]
    return chunks
