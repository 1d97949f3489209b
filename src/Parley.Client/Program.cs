namespace Parley.Client; internal static class Program { public static int Main() => 0; }
