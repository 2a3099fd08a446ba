#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Numbers identifier spellings as the lexer meets them (see ``Token/nameNumber``).
///
/// An open-addressing table over the source bytes, owned by the lexing thread: the parser,
/// running beside it, interns each spelling once per file rather than once per token.
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
    let hash = Self.hash(source, p, length)
    var slot = Int(hash) & mask
    while true {
      let n = Int(index[slot])
      if n == 0 { break }
      if hashes[n] == hash, Int(lengths[n]) == length, memcmp(base + Int(starts[n]), base + p, length) == 0 {
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

  /// A hash of the spelling, a word at a time.
  @inline(__always) static func hash(_ source: UnsafeBufferPointer<UInt8>, _ p: Int, _ length: Int) -> UInt32 {
    let raw = UnsafeRawPointer(source.baseAddress!)
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(length &+ 1)
    var i = 0
    while i + 8 <= length {
      h = (h ^ raw.loadUnaligned(fromByteOffset: p + i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 29
      i += 8
    }
    if i < length {
      var tail: UInt64 = 0
      if p + i + 8 <= source.count {
        tail = raw.loadUnaligned(fromByteOffset: p + i, as: UInt64.self).littleEndian
        tail &= (1 << (8 * UInt64(length - i))) &- 1
      } else {
        for k in i..<length { tail |= UInt64(source[p + k]) << (8 * UInt64(k - i)) }
      }
      h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    }
    h ^= h >> 32
    return UInt32(truncatingIfNeeded: h)
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
