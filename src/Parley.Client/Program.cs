using System.Text;
using Parley.Client;
using Parley.Client.Cli;

// The real console: stdin and stdout as UTF-8 byte streams of our own, so invalid input bytes become
// U+FFFD and output never gets a BOM, whatever the locale says. Neither is disposed: at exit a
// read of stdin may still be pending on another thread, and the per-line flush leaves nothing buffered.
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
var input = new StreamReader(Console.OpenStandardInput(), utf8, detectEncodingFromByteOrderMarks: false);
var output = new StreamWriter(Console.OpenStandardOutput(), utf8) { NewLine = "\n" };
var front = new ConsoleFront(input, output, Console.Error);

// System.CommandLine turns Ctrl-C / SIGTERM into cancellation of the token the action receives.
return await ClientCommand.Create(front.RunAsync).Parse(args).InvokeAsync();
