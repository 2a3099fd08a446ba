/// A ``ClanDiff`` for people, as `git diff --stat` then the details: a line per changed machine
/// with a bar of its additions (`+`), removals (`-`) and changes (`~`), a summary line, then
/// each machine's changes and each instance's member changes. Empty for an empty diff.
public enum DiffHumanRenderer {
  /// The widest bar of the summary.
  static let barWidth = 30

  /// The text; with `colour`, ANSI colours (green additions, red removals, yellow changes).
  public static func render(_ diff: ClanDiff, colour: Bool) -> String {
    guard !diff.isEmpty else { return "" }
    func paint(_ text: String, _ code: String) -> String { colour && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    var out = ""
    let width = diff.machines.map { $0.name.count }.max() ?? 0
    let counts = diff.machines.map(\.counts)
    let most = counts.map { $0.added + $0.removed + $0.changed }.max() ?? 0
    func scaled(_ n: Int) -> Int { n == 0 || most <= barWidth ? n : max(1, (n * barWidth + most / 2) / most) }
    for (m, c) in zip(diff.machines, counts) {
      let total = c.added + c.removed + c.changed
      var line = " " + m.name + String(repeating: " ", count: width - m.name.count) + " | \(total)"
      let bar = paint(String(repeating: "+", count: scaled(c.added)), "32") + paint(String(repeating: "-", count: scaled(c.removed)), "31")
        + paint(String(repeating: "~", count: scaled(c.changed)), "33")
      if total > 0 { line += " " + bar }
      if m.status != .changed { line += " (\(m.status.rawValue))" }
      out += line + "\n"
    }
    out += " " + DiffText.summary(diff) + "\n"
    func write(_ lines: [DiffLine]) {
      for l in lines {
        switch l.sign {
        case .added: out += "  " + paint("+ " + l.subject + (l.new.map { ": " + $0 } ?? ""), "32") + "\n"
        case .removed: out += "  " + paint("- " + l.subject + (l.old.map { ": " + $0 } ?? ""), "31") + "\n"
        case .changed: out += "  " + paint("~ " + l.subject + ": " + (l.old ?? "") + " → " + (l.new ?? ""), "33") + "\n"
        }
      }
    }
    for m in diff.machines {
      out += "\n" + paint(m.name + (m.status == .changed ? "" : " (\(m.status.rawValue))"), "1") + "\n"
      write(DiffLine.lines(m))
    }
    for (list, legacy) in [(diff.instances, false), (diff.services, true)] {
      for i in list {
        out += "\n" + paint(DiffText.instance(i, legacy: legacy), "1") + "\n"
        write(DiffLine.lines(i))
      }
    }
    return out
  }
}
