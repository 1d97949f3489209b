using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Tests.Protocol;

/// <summary>Generators of messages that are valid by construction and within the size limits.</summary>
public static class IrcArbitraries
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    // Text mixing ASCII, the characters with special meaning, and multi-byte UTF-8 (no NUL/CR/LF:
    // those cannot appear in a message at all).
    private static readonly Gen<char> TextChar = Gen.Frequency(
        (6, Gen.Elements("abcXYZ019#&!@.,-_".ToCharArray())),
        (2, Gen.Elements(' ', ':', ';', '\\', '=', '+', '/')),
        (1, Gen.Elements('é', 'ß', '☃', '中', 'ü')));

    private static Gen<string> StringOf(Gen<char> chars, int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(chars, n)).Select(a => new string(a));

    private static readonly Gen<string> Middle =
        StringOf(TextChar.Where(c => c != ' '), 1, 12).Where(s => s[0] != ':');

    private static readonly Gen<string> Command = Gen.OneOf(
        StringOf(Gen.Elements(Letters.ToCharArray()), 1, 10).Select(s => s.ToUpperInvariant()),
        Gen.Choose(0, 999).Select(n => n.ToString("000", System.Globalization.CultureInfo.InvariantCulture)));

    private static readonly Gen<IrcTag> Tag =
        from plus in Gen.Elements("", "+")
        from vendor in Gen.Elements("", "example.com/", "draft/")
        from name in StringOf(Gen.Elements((Letters + "0123456789-").ToCharArray()), 1, 8)
        from value in Gen.Frequency((1, Gen.Constant("")), (3, StringOf(TextChar.Or(Gen.Elements('\r', '\n')), 0, 20)))
        select new IrcTag(plus + vendor + name, value);

    public static Arbitrary<IrcMessage> Messages()
    {
        var gen =
            from tags in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Tag, n))
            from source in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, Middle.Select(s => (string?)s)))
            from command in Command
            from middles in Gen.Choose(0, 14).SelectMany(n => Gen.ArrayOf(Middle, n))
            from last in Gen.Frequency(
                (1, Gen.Constant<string?>(null)),
                (3, StringOf(TextChar, 0, 30).Select(s => (string?)s)))
            select new IrcMessage(tags, source, command, last is null ? middles : [.. middles, last]);
        return Arb.From(gen);
    }
}

public class IrcPropertyTests
{
    [Property(Arbitrary = [typeof(IrcArbitraries)], MaxTest = 500)]
    public void Serialize_then_parse_gives_the_same_message(IrcMessage original)
    {
        var wire = IrcSerializer.ToBytes(original);
        var reader = new IrcLineReader();
        var buffer = new ReadOnlySequence<byte>(wire);
        var status = reader.TryRead(ref buffer, out var parsed, out var error);

        Assert.True(status == OperationStatus.Done, $"{error}: {Encoding.UTF8.GetString(wire)}");
        Assert.True(buffer.IsEmpty);
        Assert.Equal(original.Command, parsed!.Command);
        Assert.Equal(original.Source, parsed.Source);
        Assert.Equal(original.Parameters, parsed.Parameters);
        Assert.Equal(original.Tags, parsed.Tags);
    }

    [Property(MaxTest = 1000)]
    public void Parser_never_throws_on_arbitrary_bytes(byte[] bytes)
    {
        var result = IrcParser.Parse(bytes, null, out var message);
        Assert.True(result is IrcParseError.None or IrcParseError.InvalidUtf8 ? message is not null : message is null);
    }

    [Property(MaxTest = 300)]
    public void Reader_never_throws_and_always_progresses(byte[][] reads)
    {
        var reader = new IrcLineReader(new IrcLimits { MaxBodyBytes = 40, MaxTagSectionBytes = 30 });
        var pending = Array.Empty<byte>();
        foreach (var read in reads.Where(r => r is not null))
        {
            var buffer = new ReadOnlySequence<byte>([.. pending, .. read]);
            var guard = 0;
            while (reader.TryRead(ref buffer, out _, out _) != OperationStatus.NeedMoreData)
            {
                Assert.True(++guard <= read.Length + pending.Length + 1, "no progress");
            }

            pending = buffer.ToArray();

            // The reader never holds on to more than one line's worth of bytes.
            Assert.True(pending.Length <= 30 + 40 + 2);
        }
    }

    [Property(MaxTest = 300)]
    public void Splitting_a_stream_anywhere_gives_the_same_messages(NonEmptyString text, PositiveInt cut)
    {
        var bytes = Encoding.UTF8.GetBytes(text.Get.Replace('\0', ' ') + "\nPING x\n");
        var at = cut.Get % bytes.Length;
        Assert.Equal(Read(bytes), Read(bytes[..at], bytes[at..]));
    }

    private static List<string> Read(params byte[][] reads)
    {
        var reader = new IrcLineReader();
        var results = new List<string>();
        var pending = Array.Empty<byte>();
        foreach (var read in reads)
        {
            var buffer = Segments.Of(pending, read);
            OperationStatus status;
            while ((status = reader.TryRead(ref buffer, out var message, out var error)) != OperationStatus.NeedMoreData)
            {
                results.Add(status == OperationStatus.Done ? message!.ToString() : error.ToString());
            }

            pending = buffer.ToArray();
        }

        return results;
    }
}
