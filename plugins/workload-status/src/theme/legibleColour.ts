import type { Theme } from '@material-ui/core/styles';
import {
  darken,
  getContrastRatio,
  getLuminance,
  lighten,
} from '@material-ui/core/styles';

/** WCAG 2 level AA for normal-size text (1.4.3). */
export const AA_TEXT_CONTRAST = 4.5;

/**
 * A theme colour made legible as text on the theme's own backgrounds: the
 * colour itself when it already meets AA on both the paper and the page
 * background, otherwise the nearest darker shade (lighter on a dark theme)
 * that does. MUI's default status colours (error #f44336, info #2196f3,
 * success #4caf50, warning #ff9800) are all below 4.5:1 on white, and so
 * are most of their `dark` shades; deriving the shade keeps the theme's hue
 * and follows a custom theme instead of pinning hex values.
 */
export function legibleColour(theme: Theme, colour: string): string {
  const backgrounds = [
    theme.palette.background.paper,
    theme.palette.background.default,
  ];
  const darkBackground = getLuminance(theme.palette.background.paper) < 0.5;
  const shade = darkBackground ? lighten : darken;
  const worstContrast = (c: string) =>
    Math.min(...backgrounds.map(b => getContrastRatio(c, b)));
  for (let step = 0; step <= 20; step++) {
    const candidate = step === 0 ? colour : shade(colour, step / 20);
    if (worstContrast(candidate) >= AA_TEXT_CONTRAST) return candidate;
  }
  // fully darkened (black) or lightened (white): the most there is
  return shade(colour, 1);
}
