import NixLexer

extension CoreEvaluator {
  func registerLists() {
    define("length", 1) { ev, a, _, _, span throws(CoreError) in
      .int(Int64(try ev.forceList(a, span, "while evaluating the first argument passed to builtins.length").count))
    }
    define("elemAt", 2) { ev, a, b, _, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the first argument passed to builtins.elemAt")
      let i = try ev.forceInt(b, span, "while evaluating the second argument passed to builtins.elemAt")
      guard i >= 0, i < l.count else { throw CoreError(.other, "list index \(i) is out of bounds", at: span) }
      return try ev.force(l[Int(i)])
    }
    define("head", 1) { ev, a, _, _, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the first argument passed to builtins.head")
      guard l.count > 0 else { throw CoreError(.other, "'builtins.head' called on an empty list", at: span) }
      return try ev.force(l[0])
    }
    define("tail", 1) { ev, a, _, _, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the first argument passed to builtins.tail")
      guard l.count > 0 else { throw CoreError(.other, "'builtins.tail' called on an empty list", at: span) }
      if l.count == 1 { return ev.emptyList }
      let out = ev.makeList(l.count - 1)
      for i in 1..<l.count { out[i - 1] = l[i] }
      return Value(.list, record: out.base)
    }
    define("map", 2) { ev, f, a, _, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the second argument passed to builtins.map")
      if l.count == 0 { return ev.emptyList }
      let out = ev.makeList(l.count)
      for i in 0..<l.count { out[i] = ev.application(f, l[i]) }
      return Value(.list, record: out.base)
    }
    define("genList", 2) { ev, f, n, _, span throws(CoreError) in
      let count = try ev.forceInt(n, span, "while evaluating the second argument passed to builtins.genList")
      guard count >= 0 else { throw CoreError(.other, "cannot create list of size \(count)", at: span) }
      if count == 0 { return ev.emptyList }
      let out = ev.makeList(Int(count))
      for i in 0..<Int(count) { out[i] = ev.application(f, .int(Int64(i))) }
      return Value(.list, record: out.base)
    }
    define("filter", 2) { ev, f, a, _, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the second argument passed to builtins.filter")
      let out = ev.makeList(l.count)
      var k = 0
      for i in 0..<l.count {
        let keep = try ev.force(try ev.call(f, l[i], at: span))
        guard keep.tag == .bool else {
          throw ev.typeError(keep, "a Boolean", at: span, "while evaluating the return value of the filtering function passed to builtins.filter")
        }
        if keep.asBool {
          out[k] = l[i]
          k += 1
        }
      }
      if k == 0 { return ev.emptyList }
      out.setCount(k)
      return Value(.list, record: out.base)
    }
    define("foldl'", 3) { ev, f, z, a, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the third argument passed to builtins.foldl'")
      // The initial accumulator is passed on unforced; each result of `op` is forced.
      var acc = z
      for i in 0..<l.count {
        acc = try ev.force(try ev.call(try ev.call(f, acc, at: span), l[i], at: span))
      }
      return try ev.force(acc)
    }
    define("concatLists", 1) { ev, a, _, _, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the first argument passed to builtins.concatLists")
      return try ev.concatenate(l, span, "while evaluating a value of the list passed to builtins.concatLists")
    }
    define("concatMap", 2) { ev, f, a, _, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the second argument passed to builtins.concatMap")
      let parts = ev.makeList(l.count)
      for i in 0..<l.count { parts[i] = try ev.force(try ev.call(f, l[i], at: span)) }
      return try ev.concatenate(parts, span, "while evaluating the return value of the function passed to builtins.concatMap")
    }
    define("elem", 2) { ev, x, a, _, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the second argument passed to builtins.elem")
      let v = try ev.force(x)
      for i in 0..<l.count where try ev.equal(v, try ev.force(l[i]), at: span) { return .true }
      return .false
    }
    define("any", 2) { ev, f, a, _, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the second argument passed to builtins.any")
      for i in 0..<l.count {
        let r = try ev.force(try ev.call(f, l[i], at: span))
        guard r.tag == .bool else { throw ev.typeError(r, "a Boolean", at: span, "while evaluating the return value of the function passed to builtins.any") }
        if r.asBool { return .true }
      }
      return .false
    }
    define("all", 2) { ev, f, a, _, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the second argument passed to builtins.all")
      for i in 0..<l.count {
        let r = try ev.force(try ev.call(f, l[i], at: span))
        guard r.tag == .bool else { throw ev.typeError(r, "a Boolean", at: span, "while evaluating the return value of the function passed to builtins.all") }
        if !r.asBool { return .false }
      }
      return .true
    }
    define("sort", 2) { ev, f, a, _, span throws(CoreError) in
      let cmp = try ev.forceFunction(f, span, "while evaluating the first argument passed to builtins.sort")
      let l = try ev.forceList(a, span, "while evaluating the second argument passed to builtins.sort")
      if l.count == 0 { return ev.emptyList }
      let out = ev.makeList(l.count)
      for i in 0..<l.count { out[i] = try ev.force(l[i]) }
      let scratch = ev.makeList(l.count)
      try ev.mergeSort(out, scratch, 0, l.count, cmp, span)
      return Value(.list, record: out.base)
    }
    define("partition", 2) { ev, f, a, _, span throws(CoreError) in
      let l = try ev.forceList(a, span, "while evaluating the second argument passed to builtins.partition")
      let right = ev.makeList(l.count), wrong = ev.makeList(l.count)
      var r = 0, w = 0
      for i in 0..<l.count {
        let keep = try ev.force(try ev.call(f, l[i], at: span))
        guard keep.tag == .bool else { throw ev.typeError(keep, "a Boolean", at: span, "while evaluating the return value of the partition function passed to builtins.partition") }
        if keep.asBool {
          right[r] = l[i]
          r += 1
        } else {
          wrong[w] = l[i]
          w += 1
        }
      }
      right.setCount(r)
      wrong.setCount(w)
      let rs = ev.symbols.intern("right").id, ws = ev.symbols.intern("wrong").id
      let out = ev.makeAttrs(2)
      let rv = r == 0 ? ev.emptyList : Value(.list, record: right.base), wv = w == 0 ? ev.emptyList : Value(.list, record: wrong.base)
      if rs < ws {
        out.set(0, symbol: rs, position: -1, value: rv)
        out.set(1, symbol: ws, position: -1, value: wv)
      } else {
        out.set(0, symbol: ws, position: -1, value: wv)
        out.set(1, symbol: rs, position: -1, value: rv)
      }
      return Value(.attrs, record: out.base)
    }
  }

  /// The lists in `l` (each forced) joined.
  func concatenate(_ l: ListRecord, _ span: Span, _ context: String) throws(CoreError) -> Value {
    var total = 0
    for i in 0..<l.count {
      let part = try forceList(l[i], span, context)
      total += part.count
    }
    if total == 0 { return emptyList }
    let out = makeList(total)
    var k = 0
    for i in 0..<l.count {
      let part = ListRecord(try force(l[i]))
      for j in 0..<part.count {
        out[k] = part[j]
        k += 1
      }
    }
    return Value(.list, record: out.base)
  }

  /// A stable merge sort of `items[lo..<hi]` by the comparator `f` (as Nix's `std::stable_sort`).
  func mergeSort(_ items: ListRecord, _ scratch: ListRecord, _ lo: Int, _ hi: Int, _ f: Value, _ span: Span) throws(CoreError) {
    if hi - lo < 2 { return }
    let mid = (lo + hi) / 2
    try mergeSort(items, scratch, lo, mid, f, span)
    try mergeSort(items, scratch, mid, hi, f, span)
    var i = lo, j = mid, k = lo
    while i < mid && j < hi {
      // Take from the right only when it is strictly less: equal items keep their order.
      let r = try force(try call(try call(f, items[j], at: span), items[i], at: span))
      guard r.tag == .bool else { throw typeError(r, "a Boolean", at: span, "while evaluating the return value of the sorting function passed to builtins.sort") }
      if r.asBool {
        scratch[k] = items[j]
        j += 1
      } else {
        scratch[k] = items[i]
        i += 1
      }
      k += 1
    }
    while i < mid {
      scratch[k] = items[i]
      i += 1
      k += 1
    }
    while j < hi {
      scratch[k] = items[j]
      j += 1
      k += 1
    }
    for m in lo..<hi { items[m] = scratch[m] }
  }
}
