/// The differences of two ``Plain`` values as paths to their leaves.
enum PlainDiff {
  /// The paths (below `prefix`) where `old` and `new` differ, in path order. Objects are
  /// compared key by key; lists and scalars are leaves, compared whole. An empty object counts
  /// as absent (the module system does not tell them apart), so `{}` against nothing is no change.
  static func changes(_ old: Plain?, _ new: Plain?, prefix: [String] = []) -> [ValueChange] {
    var out: [ValueChange] = []
    walk(old, new, prefix, &out)
    return out
  }

  private static func walk(_ old: Plain?, _ new: Plain?, _ path: [String], _ out: inout [ValueChange]) {
    let old = absentIfEmpty(old)
    let new = absentIfEmpty(new)
    if old == new { return }
    let a = old?.object
    let b = new?.object
    // Two objects, or an object against nothing: key by key.
    if (a != nil || old == nil) && (b != nil || new == nil) {
      let x = a ?? PlainObject()
      let y = b ?? PlainObject()
      var i = 0
      var j = 0
      while i < x.count || j < y.count {
        if j == y.count || (i < x.count && bytewise(x.keys[i], y.keys[j])) {
          walk(x.values[i], nil, path + [x.keys[i]], &out)
          i += 1
        } else if i == x.count || bytewise(y.keys[j], x.keys[i]) {
          walk(nil, y.values[j], path + [y.keys[j]], &out)
          j += 1
        } else {
          walk(x.values[i], y.values[j], path + [x.keys[i]], &out)
          i += 1
          j += 1
        }
      }
      return
    }
    out.append(ValueChange(path: path, old: old, new: new))
  }

  private static func absentIfEmpty(_ value: Plain?) -> Plain? {
    if case .object(let o) = value, o.isEmpty { return nil }
    return value
  }
}
