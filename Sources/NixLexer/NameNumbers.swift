#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Numbers identifier spellings as the lexer meets them (see ``Token/nameNumber``).
///
/// An open-addressing table over the source bytes, owned by one token buffer's lexer: the
/// parser reading the tokens interns each spelling once per buffer rather than once per token.
struct NameNumbers {
  /// Hash slot → number (0: empty).
  private var index: UnsafeMutablePointer<UInt32>
  private var mask: Int
  /// Per number (from 1): where the spelling first occurs, its length and its hash.
  private var starts: UnsafeMutablePointer<UInt32>
  private var lengths: UnsafeMutablePointer<UInt32>
  private var hashes: UnsafeMutablePointer<UInt32>
  private var capacity: Int
  /// The numbers given so far.
  private(set) var count = 0

  init() {
    let slots = 1024
    index = .allocate(capacity: slots)
    index.initialize(repeating: 0, count: slots)
    mask = slots - 1
    capacity = slots / 2
    starts = .allocate(capacity: capacity + 1)
    lengths = .allocate(capacity: capacity + 1)
    hashes = .allocate(capacity: capacity + 1)
  }

  /// Frees the table.
  func deallocate() {
    index.deallocate()
    starts.deallocate()
    lengths.deallocate()
    hashes.deallocate()
  }

  /// The number of the spelling `source[p ..< p + length]`, given a new one if unseen.
  mutating func number(_ source: UnsafeBufferPointer<UInt8>, _ p: Int, _ length: Int) -> UInt32 {
    let base = source.baseAddress!
    // Names in a file are followed by more bytes: read whole words where the buffer allows.
    let wordReadable = p + length + 8 <= source.count
    let hash = NameHash.of(base + p, count: length, wordReadable: wordReadable)
    var slot = Int(hash) & mask
    while true {
      let n = Int(index[slot])
      if n == 0 { break }
      if hashes[n] == hash, Int(lengths[n]) == length, same(base + Int(starts[n]), base + p, length, wordReadable) {
        return UInt32(n)
      }
      slot = (slot + 1) & mask
    }
    count += 1
    if count > capacity { growEntries() }
    starts[count] = UInt32(p)
    lengths[count] = UInt32(length)
    hashes[count] = hash
    index[slot] = UInt32(count)
    if count * 2 > mask + 1 { growIndex() }
    return UInt32(count)
  }

  /// Whether `length` bytes at `a` (an earlier spelling) and `b` are equal; a short name is
  /// compared as one masked word (`a` comes before `b`, so a word is readable at both).
  @inline(__always) private func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int, _ wordReadable: Bool) -> Bool {
    if length <= 8, wordReadable {
      let mask: UInt64 = ~0 >> (64 - 8 * UInt64(length))
      let x = UnsafeRawPointer(a).loadUnaligned(as: UInt64.self) ^ UnsafeRawPointer(b).loadUnaligned(as: UInt64.self)
      return x.littleEndian & mask == 0
    }
    return memcmp(a, b, length) == 0
  }

  private mutating func growEntries() {
    let newCapacity = capacity * 2
    func grown(_ old: UnsafeMutablePointer<UInt32>) -> UnsafeMutablePointer<UInt32> {
      let new = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity + 1)
      new.update(from: old, count: capacity + 1)
      old.deallocate()
      return new
    }
    starts = grown(starts)
    lengths = grown(lengths)
    hashes = grown(hashes)
    capacity = newCapacity
  }

  private mutating func growIndex() {
    let slots = (mask + 1) * 2
    index.deallocate()
    index = .allocate(capacity: slots)
    index.initialize(repeating: 0, count: slots)
    mask = slots - 1
    for n in 1...count {
      var slot = Int(hashes[n]) & mask
      while index[slot] != 0 { slot = (slot + 1) & mask }
      index[slot] = UInt32(n)
    }
  }
}
