namespace FactorTrace.Reporting.Rendering.Charts;

/// <summary>A drawing primitive of a laid-out chart, in points from the top left.</summary>
public abstract record Primitive;

/// <summary>A filled rectangle.</summary>
public sealed record RectPrimitive(double X, double Y, double Width, double Height, string Color) : Primitive;

/// <summary>A line.</summary>
public sealed record LinePrimitive(double X1, double Y1, double X2, double Y2, string Color, double Width) : Primitive;

/// <summary>Text whose baseline starts (<c>start</c>), centres (<c>middle</c>) or ends (<c>end</c>) at (X, Y).</summary>
public sealed record TextPrimitive(double X, double Y, string Text, double Size, string Anchor, string Color, bool Bold = false) : Primitive;

/// <summary>A chart laid out as primitives in a box of <paramref name="Width"/> × <paramref name="Height"/> points.</summary>
public sealed record ChartDrawing(double Width, double Height, IReadOnlyList<Primitive> Primitives);
