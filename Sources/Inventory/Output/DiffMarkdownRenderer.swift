/// A ``ClanDiff`` as GitHub-flavoured markdown, for a pull request comment: a heading with the
/// summary, a table of the changed machines, then each machine's and instance's changes in a
/// `diff` block (a changed value as its old line and its new line).
public enum DiffMarkdownRenderer {
  /// The text; `old` and `new` name the two sides in the heading.
  public static func render(_ diff: ClanDiff, old: String, new: String) -> String {
    var out = "### nixinv diff: \(code(old)) → \(code(new))\n\n"
    guard !diff.isEmpty else { return out + "No machine changes.\n" }
    out += DiffText.summary(diff) + ".\n"
    if !diff.machines.isEmpty {
      out += "\n| Machine | Added | Removed | Changed |\n| --- | ---: | ---: | ---: |\n"
      for m in diff.machines {
        let c = m.counts
        let name = code(m.name).replacingBars() + (m.status == .changed ? "" : " (\(m.status.rawValue))")
        out += "| \(name) | \(c.added) | \(c.removed) | \(c.changed) |\n"
      }
    }
    for m in diff.machines {
      out += "\n#### \(code(m.name))\(m.status == .changed ? "" : " (\(m.status.rawValue))")\n\n"
      out += block(DiffLine.lines(m))
    }
    for (list, legacy) in [(diff.instances, false), (diff.services, true)] {
      for i in list {
        out += "\n#### \(DiffText.instance(i, legacy: legacy))\n\n"
        out += block(DiffLine.lines(i))
      }
    }
    return out
  }

  /// The lines in a fenced `diff` block (the fence longer than any run of backticks inside).
  static func block(_ lines: [DiffLine]) -> String {
    var text = ""
    for l in lines {
      switch l.sign {
      case .added: text += "+ " + l.subject + (l.new.map { ": " + $0 } ?? "") + "\n"
      case .removed: text += "- " + l.subject + (l.old.map { ": " + $0 } ?? "") + "\n"
      case .changed:
        text += "- " + l.subject + ": " + (l.old ?? "") + "\n"
        text += "+ " + l.subject + ": " + (l.new ?? "") + "\n"
      }
    }
    let fence = String(repeating: "`", count: max(3, longestBacktickRun(text) + 1))
    return fence + "diff\n" + text + fence + "\n"
  }

  /// `text` as inline code, whatever backticks it holds.
  static func code(_ text: String) -> String {
    let fence = String(repeating: "`", count: longestBacktickRun(text) + 1)
    let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
    return fence + pad + text + pad + fence
  }

  static func longestBacktickRun(_ text: String) -> Int {
    var longest = 0
    var run = 0
    for b in text.utf8 {
      run = b == UInt8(ascii: "`") ? run + 1 : 0
      longest = max(longest, run)
    }
    return longest
  }
}

extension String {
  /// `|` escaped for a markdown table cell.
  fileprivate func replacingBars() -> String {
    var out = ""
    for c in self { out += c == "|" ? "\\|" : String(c) }
    return out
  }
}
