import NixCore
import NixLexer
import Testing

/// The next core's `match`, `split`, `splitVersion`, `compareVersions`, `parseDrvName` and
/// `hashString`, checked against what `nix-instantiate --eval --strict` (Nix 2.8) prints.
@Suite struct RegexBuiltinsTests {
  /// The printed value of `text`, or "error: …"; with `threshold`, the heap collects after
  /// that many bytes, so that values must survive many collections.
  func eval(_ text: String, threshold: Int? = nil, collections: UnsafeMutablePointer<UInt64>? = nil) -> String {
    let ev = CoreEvaluator()
    defer { collections?.pointee = ev.heap.statistics.collections }
    if let threshold { ev.heap.setThreshold(threshold) }
    let file = ev.sources.add(name: "/test.nix", directory: "/", bytes: Array(text.utf8))
    do throws(CoreError) {
      return String(decoding: try ev.evaluateAndPrint(file: file), as: UTF8.self)
    } catch {
      return "error: " + error.message
    }
  }

  @Test func match() {
    #expect(eval(#"builtins.match "((.*)/)?([^/]*)\\.(nix|cc)" "foobar.cc""#) == #"[ null null "foobar" "cc" ]"#)
    #expect(eval(#"builtins.match "a" "b""#) == "null")
    #expect(eval(#"builtins.match "fo*" "foo""#) == "[ ]")
    #expect(eval(#"builtins.match "(" "a""#) == "error: invalid regular expression '('")
    #expect(eval(#"builtins.match 1 "a""#) == "error: expected a string but found an integer: 1")
    #expect(eval(#"builtins.match "a" 1"#) == "error: expected a string but found an integer: 1")
    #expect(eval(#"(builtins.tryEval (builtins.match (throw "foo") ".*")).success"#) == "false")
  }

  @Test func split() {
    #expect(eval(#"builtins.split "(a)|(c)" "abc""#) == #"[ "" [ "a" null ] "b" [ null "c" ] "" ]"#)
    #expect(eval(#"builtins.split ".*" """#) == #"[ "" [ ] "" ]"#)
    #expect(eval(#"builtins.split "x" "abc""#) == #"[ "abc" ]"#)
    #expect(eval(#"builtins.split "," "a,b,,c""#) == #"[ "a" [ ] "b" [ ] "" [ ] "c" ]"#)
    #expect(
      eval(#"builtins.split "(o*)" "foo bar""#)
        == #"[ "" [ "" ] "f" [ "oo" ] "" [ "" ] " " [ "" ] "b" [ "" ] "a" [ "" ] "r" [ "" ] "" ]"#)
    #expect(eval(#"builtins.split "a" 1"#) == "error: expected a string but found an integer: 1")
  }

  @Test func versions() {
    #expect(eval(#"builtins.splitVersion "1.2.3pre4-rc..x""#) == #"[ "1" "2" "3" "pre" "4" "rc" "x" ]"#)
    #expect(eval(#"builtins.splitVersion """#) == "[ ]")
    #expect(eval(#"map (x: builtins.compareVersions x "2.3") [ "2.3pre1" "2.3" "2.3.1" "2.3a" "10" ]"#) == "[ -1 0 1 1 1 ]")
    #expect(eval(#"builtins.parseDrvName "xf86-video-i810-1.7.4""#) == #"{ name = "xf86-video-i810"; version = "1.7.4"; }"#)
    #expect(eval(#"builtins.parseDrvName "hello""#) == #"{ name = "hello"; version = ""; }"#)
    #expect(eval("builtins.splitVersion 1") == "error: expected a string but found an integer: 1")
  }

  @Test func hashString() {
    #expect(
      eval(#"map (a: builtins.hashString a "abc") [ "md5" "sha1" "sha256" "sha512" ]"#)
        == #"[ "900150983cd24fb0d6963f7d28e17f72" "a9993e364706816aba3e25717850c26c9cd0d89d" "#
        + #""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" "#
        + #""ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" ]"#)
    #expect(
      eval(#"builtins.hashString "sha3" "a""#)
        == "error: unknown hash algorithm 'sha3', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'")
    #expect(eval(#"builtins.hashString "sha256" { }"#) == "error: expected a string but found a set: { … }")
  }

  /// Results made of many records survive collections every 64 KiB.
  @Test func resultsSurviveCollections() {
    var collections: UInt64 = 0
    let text = #"""
      let
        s = builtins.concatStringsSep "," (map toString (builtins.genList (j: j) 200));
        parts = builtins.genList (i: builtins.split "(,)([0-9])?" s) 40;
        matches = builtins.genList (i: builtins.match "(([0-9]+),)*([0-9]+)" s) 40;
        names = builtins.genList (i: builtins.parseDrvName "pkg-${toString i}.0") 200;
        versions = builtins.genList (i: builtins.splitVersion "${toString i}.1.2pre3") 200;
      in [
        (builtins.length (builtins.head parts))
        (builtins.all (p: p == builtins.head parts) parts)
        (builtins.elemAt (builtins.head parts) 3)
        (builtins.all (m: m == [ "198," "198" "199" ]) matches)
        (builtins.elemAt names 150)
        (builtins.elemAt versions 77)
        (builtins.hashString "md5" s == builtins.hashString "md5" s)
      ]
      """#
    #expect(
      eval(text, threshold: 64 * 1024, collections: &collections)
        == #"[ 399 true [ "," "2" ] true { name = "pkg"; version = "150.0"; } [ "77" "1" "2" "pre" "3" ] true ]"#)
    #expect(collections > 0)
  }
}
