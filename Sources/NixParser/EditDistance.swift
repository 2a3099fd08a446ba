/// Levenshtein distance over bytes, for did-you-mean suggestions (the binder's for undefined
/// variables, the evaluator's for missing attributes and unexpected arguments).
public enum EditDistance {
  /// The distance between the UTF-8 bytes of `a` and `b`, or nil when it is more than `limit`.
  public static func between(_ a: String, _ b: String, limit: Int) -> Int? {
    between(Array(a.utf8), Array(b.utf8), limit: limit)
  }

  /// The distance between `a` and `b`, or nil when it is more than `limit`.
  public static func between(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
    if abs(a.count - b.count) > limit { return nil }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      row[0] = i
      var smallest = i
      for j in 1...b.count {
        row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        smallest = min(smallest, row[j])
      }
      // Every later row is at least this row's smallest entry.
      if smallest > limit { return nil }
      swap(&previous, &row)
    }
    return previous[b.count] <= limit ? previous[b.count] : nil
  }
}
