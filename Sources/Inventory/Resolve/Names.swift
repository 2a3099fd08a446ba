/// `list` without repeats, first occurrences kept (short lists are searched, long ones hashed).
func withoutRepeats(_ list: [String]) -> [String] {
  var result: [String] = []
  result.reserveCapacity(list.count)
  if list.count <= 16 {
    for item in list where !result.contains(item) { result.append(item) }
  } else {
    var seen = Set<String>()
    for item in list where seen.insert(item).inserted { result.append(item) }
  }
  return result
}

/// Bytewise string order (clan sorts names as Nix does).
func bytewise(_ a: String, _ b: String) -> Bool {
  var a = a
  var b = b
  return a.withUTF8 { x in
    b.withUTF8 { y in
      let n = min(x.count, y.count)
      var i = 0
      while i < n {
        if x[i] != y[i] { return x[i] < y[i] }
        i += 1
      }
      return x.count < y.count
    }
  }
}

/// `["a","b"]`, as clan's messages print lists (`builtins.toJSON`).
func jsonList(_ names: [String]) -> String {
  "[" + names.map { "\"\($0)\"" }.joined(separator: ",") + "]"
}
