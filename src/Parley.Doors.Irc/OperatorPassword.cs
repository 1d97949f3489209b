using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Doors.Irc;

/// <summary>
/// Operator password hashes: <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64 salt and hash). PBKDF2-HMAC-SHA256 with
/// 600,000 iterations is OWASP's 2023 recommendation for PBKDF2-SHA256; a 16-byte random salt and a 32-byte key.
/// </summary>
public static class OperatorPassword
{
    public const int Iterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    public static string Hash(string password, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(key));
    }

    public static bool IsWellFormed(string? hash) => TryParse(hash, out _, out _, out _);

    /// <summary>Checks a password in constant time with respect to the hash's bytes.</summary>
    public static bool Verify(string password, string hash)
    {
        if (!TryParse(hash, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string? hash, out int iterations, out byte[] salt, out byte[] key)
    {
        iterations = 0;
        salt = key = [];
        var parts = hash?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            key = Convert.FromBase64String(parts[3]);
            return salt.Length > 0 && key.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
