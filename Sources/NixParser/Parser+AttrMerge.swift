import NixLexer

// MARK: - Adding attributes, as Nix merges them

extension Parser {
  /// Adds `path = value` to `set`.
  ///
  /// Nested paths create (or walk into) nested sets: `a.b = 1; a.c = 2;` gives
  /// `a = { b = 1; c = 2; }`. A set literal meeting a set already there is merged one level
  /// recursively (`a.b = 1; a = { c = 2; };` is allowed); anything else defined twice is an error
  /// naming the first definition, as Nix reports it.
  func addAttribute(_ path: [AttrName], span pathSpan: Span, value: Expr, to root: AttrSet) {
    var set = root
    for (depth, element) in path.dropLast().enumerated() {
      switch element {
      case .name(let name, _):
        if let i = set.index(of: name) {
          if case .plain(.attrSet(let nested)) = set.entries[i].value {
            set = nested
          } else {
            reportDuplicate(Array(path.prefix(depth + 1)), at: pathSpan, previous: set.entries[i].span)
            return
          }
        } else {
          let nested = AttrSet(isRecursive: false, span: pathSpan)
          set.append(AttrEntry(name: name, span: pathSpan, value: .plain(.attrSet(nested))))
          set = nested
        }
      case .dynamic(let nameExpr, let elementSpan):
        let nested = AttrSet(isRecursive: false, span: pathSpan)
        set.appendDynamic(DynamicAttr(name: nameExpr, value: .attrSet(nested), span: elementSpan))
        set = nested
      }
    }
    switch path[path.count - 1] {
    case .name(let name, _):
      guard let i = set.index(of: name) else {
        set.append(AttrEntry(name: name, span: pathSpan, value: .plain(value)))
        if case .lambda(let lambda) = value { lambda.name = name }
        return
      }
      if case .plain(.attrSet(let existing)) = set.entries[i].value, case .attrSet(let incoming) = value {
        merge(incoming, into: existing, path: path)
      } else {
        reportDuplicate(path, at: pathSpan, previous: set.entries[i].span)
      }
    case .dynamic(let nameExpr, let elementSpan):
      set.appendDynamic(DynamicAttr(name: nameExpr, value: value, span: elementSpan))
    }
  }

  /// Merges the attributes of a set literal into a set already defined under the same name.
  func merge(_ incoming: AttrSet, into existing: AttrSet, path: [AttrName]) {
    let offset = UInt32(existing.inheritSources.count)
    for source in incoming.inheritSources { _ = existing.appendInheritSource(source) }
    for var entry in incoming.entries {
      if let j = existing.index(of: entry.name) {
        // Two set literals under one name merge all the way down, as in current Nix.
        if case .plain(.attrSet(let inner)) = entry.value, case .plain(.attrSet(let target)) = existing.entries[j].value {
          merge(inner, into: target, path: path + [.name(entry.name, entry.span)])
        } else {
          reportDuplicate(path + [.name(entry.name, entry.span)], at: entry.span, previous: existing.entries[j].span)
        }
        continue
      }
      if case .inheritedFrom(let k) = entry.value { entry.value = .inheritedFrom(sourceIndex: k + offset) }
      existing.append(entry)
    }
    for dynamic in incoming.dynamicAttrs { existing.appendDynamic(dynamic) }
  }

  /// Reports an attribute defined twice.
  func reportDuplicate(_ path: [AttrName], at span: Span, previous: Span) {
    report(
      .duplicateAttribute(path: describe(path), previous: position(previous)), at: span,
      notes: [.init("first defined here", at: previous)])
  }
}
