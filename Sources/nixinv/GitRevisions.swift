#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NixEval
import NixParser

/// A git repository, read with git itself (run as a child process; no git library).
struct GitRepository {
  /// The top folder of the working tree (symlinks resolved, as git reports it).
  let root: String

  /// The repository holding `path` (absolute; when it does not exist, the nearest folder above
  /// it that does is asked).
  static func containing(_ path: String) throws(CommandError) -> GitRepository {
    var folder = path
    while FileSystem.targetKind(folder) != .directory, folder != "/" { folder = PathUtilities.directory(of: folder) }
    let r = try Subprocess.run(["git", "-C", folder, "rev-parse", "--show-toplevel"])
    guard r.status == 0, !r.text.isEmpty else {
      throw .io("'\(folder)' is not in a git repository" + (r.errorText.isEmpty ? "" : " (\(r.errorText))"))
    }
    return GitRepository(root: r.text)
  }

  /// The commit `revision` names (its full hash), or `nil` if it names none.
  func commit(_ revision: String) throws(CommandError) -> String? {
    guard !revision.hasPrefix("-"), !revision.isEmpty else { return nil }
    let r = try Subprocess.run(["git", "-C", root, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"])
    return r.status == 0 && !r.text.isEmpty ? r.text : nil
  }

  /// Writes the files of `commit` into the folder `folder` (`git archive | tar -x`: the
  /// repository itself is only read).
  func extract(_ commit: String, into folder: String) throws(CommandError) {
    let r = try Subprocess.pipeline(["git", "-C", root, "archive", "--format=tar", commit], ["tar", "-x", "-f", "-", "-C", folder])
    guard r.status == 0 else { throw .io("cannot read revision \(commit) of '\(root)': \(r.errorText)") }
  }

  /// `path` (absolute) relative to the top folder (`""` for the top itself), or `nil` when it
  /// is outside the working tree. Symlinks in the part of the path that exists are resolved.
  func relative(_ path: String) -> String? {
    var existing = path
    var rest: [String] = []
    while FileSystem.realPath(existing) == nil, existing != "/" {
      rest.insert(PathUtilities.baseName(of: existing), at: 0)
      existing = PathUtilities.directory(of: existing)
    }
    let real = ([FileSystem.realPath(existing) ?? existing] + rest).joined(separator: "/")
    let top = FileSystem.realPath(root) ?? root
    if real == top { return "" }
    let prefix = top.hasSuffix("/") ? top : top + "/"
    guard real.hasPrefix(prefix) else { return nil }
    return String(real.dropFirst(prefix.count))
  }
}

/// A fresh folder under the system's temporary folder (`$TMPDIR`, else `/tmp`), removed with
/// everything in it by ``remove()``.
struct ScratchFolder {
  let path: String

  static func make() throws(CommandError) -> ScratchFolder {
    var base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    if base.isEmpty || FileSystem.targetKind(base) != .directory { base = "/tmp" }
    var template = Array((PathUtilities.canonical(base) + "/nixinv-diff-XXXXXX").utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
      throw .io("cannot make a folder in '\(base)': \(String(cString: strerror(errno)))")
    }
    let path = String(cString: made)
    return ScratchFolder(path: FileSystem.realPath(path) ?? path)
  }

  /// A new, empty subfolder.
  func folder(_ name: String) throws(CommandError) -> String {
    let p = path + "/" + name
    guard mkdir(p, 0o700) == 0 else { throw .io("cannot make '\(p)': \(String(cString: strerror(errno)))") }
    return p
  }

  /// Removes the folder and everything in it (symlinks are removed, not followed).
  func remove() { Self.removeTree(path) }

  private static func removeTree(_ path: String) {
    if FileSystem.kind(path) == .directory {
      _ = chmod(path, 0o700)
      if case .success(let entries) = FileSystem.list(path) {
        for (name, _) in entries { removeTree(path + "/" + name) }
      }
      _ = rmdir(path)
    } else {
      _ = unlink(path)
    }
  }
}
