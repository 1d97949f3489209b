using Parley.Doors.Irc;

namespace Parley.Server.Hosting;

/// <summary>
/// <c>parley-server hash-password [PASSWORD]</c>: prints the PBKDF2 hash to put in <c>Parley:Irc:Operators:N:PasswordHash</c>.
/// Without an argument the password is read from standard input, so it stays out of the shell's history.
/// </summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public static bool TryRun(string[] args, TextReader input, TextWriter output)
    {
        if (args.Length == 0 || args[0] != Name)
        {
            return false;
        }

        var password = args.Length > 1 ? args[1] : input.ReadLine() ?? "";
        output.WriteLine(OperatorPassword.Hash(password));
        return true;
    }
}
