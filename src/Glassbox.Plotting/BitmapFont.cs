namespace Glassbox.Plotting;

/// <summary>
/// A 5×7 pixel bitmap font for labelling PNG charts without a font library: digits, upper-case letters
/// (lower case is drawn as upper case), and the punctuation that tick labels and titles use.
/// </summary>
/// <remarks>Each glyph is 7 rows of 5 columns, '#' for ink; glyphs advance 6 pixels (one column of spacing).</remarks>
public static class BitmapFont
{
    /// <summary>Glyph width in pixels, without spacing.</summary>
    public const int GlyphWidth = 5;
    /// <summary>Glyph height in pixels.</summary>
    public const int GlyphHeight = 7;
    /// <summary>Horizontal advance per character at scale 1.</summary>
    public const int Advance = 6;

    private static readonly Dictionary<char, string[]> Glyphs = new()
    {
        ['0'] = [" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "],
        ['1'] = ["  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
        ['2'] = [" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"],
        ['3'] = ["#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "],
        ['4'] = ["   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "],
        ['5'] = ["#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "],
        ['6'] = ["  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "],
        ['7'] = ["#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "],
        ['8'] = [" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "],
        ['9'] = [" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "],
        ['A'] = [" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"],
        ['B'] = ["#### ", "#   #", "#   #", "#### ", "#   #", "#   #", "#### "],
        ['C'] = [" ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### "],
        ['D'] = ["###  ", "#  # ", "#   #", "#   #", "#   #", "#  # ", "###  "],
        ['E'] = ["#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"],
        ['F'] = ["#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#    "],
        ['G'] = [" ### ", "#   #", "#    ", "# ###", "#   #", "#   #", " ####"],
        ['H'] = ["#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"],
        ['I'] = [" ### ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
        ['J'] = ["  ###", "   # ", "   # ", "   # ", "   # ", "#  # ", " ##  "],
        ['K'] = ["#   #", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "#   #"],
        ['L'] = ["#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"],
        ['M'] = ["#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"],
        ['N'] = ["#   #", "#   #", "##  #", "# # #", "#  ##", "#   #", "#   #"],
        ['O'] = [" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
        ['P'] = ["#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "],
        ['Q'] = [" ### ", "#   #", "#   #", "#   #", "# # #", "#  # ", " ## #"],
        ['R'] = ["#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"],
        ['S'] = [" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "],
        ['T'] = ["#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "],
        ['U'] = ["#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
        ['V'] = ["#   #", "#   #", "#   #", "#   #", "#   #", " # # ", "  #  "],
        ['W'] = ["#   #", "#   #", "#   #", "# # #", "# # #", "# # #", " # # "],
        ['X'] = ["#   #", "#   #", " # # ", "  #  ", " # # ", "#   #", "#   #"],
        ['Y'] = ["#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "],
        ['Z'] = ["#####", "    #", "   # ", "  #  ", " #   ", "#    ", "#####"],
        ['.'] = ["     ", "     ", "     ", "     ", "     ", " ##  ", " ##  "],
        [','] = ["     ", "     ", "     ", "     ", " ##  ", "  #  ", " #   "],
        ['-'] = ["     ", "     ", "     ", "#####", "     ", "     ", "     "],
        ['+'] = ["     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     "],
        ['%'] = ["##   ", "##  #", "   # ", "  #  ", " #   ", "#  ##", "   ##"],
        [':'] = ["     ", " ##  ", " ##  ", "     ", " ##  ", " ##  ", "     "],
        ['/'] = ["     ", "    #", "   # ", "  #  ", " #   ", "#    ", "     "],
        ['('] = ["   # ", "  #  ", " #   ", " #   ", " #   ", "  #  ", "   # "],
        [')'] = [" #   ", "  #  ", "   # ", "   # ", "   # ", "  #  ", " #   "],
        ['='] = ["     ", "     ", "#####", "     ", "#####", "     ", "     "],
        ['_'] = ["     ", "     ", "     ", "     ", "     ", "     ", "#####"],
        ['>'] = [" #   ", "  #  ", "   # ", "    #", "   # ", "  #  ", " #   "],
        ['<'] = ["   # ", "  #  ", " #   ", "#    ", " #   ", "  #  ", "   # "],
        ['?'] = [" ### ", "#   #", "    #", "   # ", "  #  ", "     ", "  #  "],
        ['\''] = ["  #  ", "  #  ", "     ", "     ", "     ", "     ", "     "],
        [' '] = ["     ", "     ", "     ", "     ", "     ", "     ", "     "],
    };

    /// <summary>Width in pixels of <paramref name="text"/> at <paramref name="scale"/>.</summary>
    public static int MeasureWidth(string text, int scale = 1) => text.Length == 0 ? 0 : (text.Length * Advance - 1) * scale;

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y); unknown characters draw as '?'.</summary>
    public static void Draw(Image image, int x, int y, string text, Rgb color, int scale = 1)
    {
        foreach (var ch in text)
        {
            var g = Glyphs.TryGetValue(char.ToUpperInvariant(ch), out var glyph) ? glyph : Glyphs['?'];
            for (int r = 0; r < GlyphHeight; r++)
                for (int c = 0; c < GlyphWidth; c++)
                    if (g[r][c] == '#') image.FillRect(x + c * scale, y + r * scale, scale, scale, color);
            x += Advance * scale;
        }
    }
}
