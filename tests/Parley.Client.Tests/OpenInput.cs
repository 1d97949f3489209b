using System.IO.Pipelines;
using System.Text;

namespace Parley.Client.Tests;

/// <summary>
/// Keyboard stand-in that stays open until the test ends it: lines are written when the test says
/// so, and reads in between really wait (unlike a <see cref="StringReader"/>, which ends at once).
/// </summary>
internal sealed class OpenInput
{
    private readonly Pipe _pipe = new();

    public OpenInput() => Reader = new StreamReader(_pipe.Reader.AsStream(), Encoding.UTF8);

    public TextReader Reader { get; }

    public async Task TypeAsync(string line) => await _pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));

    /// <summary>End of input, like Ctrl-D or the end of a pipe.</summary>
    public async Task EndAsync() => await _pipe.Writer.CompleteAsync();
}
