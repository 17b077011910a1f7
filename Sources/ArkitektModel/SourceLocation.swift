#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A place in a file of the landscape: repository-relative path, 1-based line and column.
///
/// Columns count Unicode scalars (characters as libyaml counts them), not bytes; reporters that
/// need another unit (SARIF's UTF-16) convert from the line's text.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.file != b.file { return ByteOrder.less(a.file, b.file) }
        if a.line != b.line { return a.line < b.line }
        return a.column < b.column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// Byte-order comparison of strings, the order git uses for paths. Swift's `<` on String
/// compares by Unicode canonical ordering, which is not what git or `sort` with LC_ALL=C do.
public enum ByteOrder {
    public static func less(_ a: String, _ b: String) -> Bool {
        compare(a, b) < 0
    }

    /// -1, 0 or 1 as `a` sorts before, with or after `b` by their UTF-8 bytes. Works on the
    /// strings' contiguous storage (native Swift strings are UTF-8 already).
    public static func compare(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in compare(x, y) } }
    }

    /// The same for paths held as bytes (read from git or from disk).
    public static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in compare(x, y) } }
    }

    /// The same for runs of bytes (keys in the parse cache's file).
    public static func compare(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Int {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in compare(x, y) } }
    }

    public static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(x.count, y.count)
        // memcmp compares bytes as unsigned, as the order wants; paths share long prefixes.
        if n > 0, let p = x.baseAddress, let q = y.baseAddress {
            let order = memcmp(p, q, n)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }
}

/// A value with the place it was written.
public struct Located<Value: Sendable>: Sendable {
    public let value: Value
    public let location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
