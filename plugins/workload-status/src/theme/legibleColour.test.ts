import { createTheme } from '@material-ui/core/styles';
import { getContrastRatio, getLuminance } from '@material-ui/core/styles';
import { lightTheme, darkTheme } from '@backstage/theme';
import { AA_TEXT_CONTRAST, legibleColour } from './legibleColour';

describe('legibleColour', () => {
  const themes = { light: lightTheme, dark: darkTheme };

  it.each(Object.entries(themes))(
    'makes the status colours of the %s theme meet AA on paper and page',
    (_name, theme) => {
      const { error, info, success, warning, background } = theme.palette;
      for (const colour of [
        error.main,
        info.main,
        success.main,
        warning.main,
        warning.dark,
      ]) {
        const legible = legibleColour(theme, colour);
        for (const b of [background.paper, background.default]) {
          expect(getContrastRatio(legible, b)).toBeGreaterThanOrEqual(
            AA_TEXT_CONTRAST,
          );
        }
      }
    },
  );

  it('keeps a colour that already passes, and darkens one that does not', () => {
    const theme = createTheme();
    // MUI's default error red, 3.68:1 on white
    expect(getContrastRatio(theme.palette.error.main, '#fff')).toBeLessThan(
      AA_TEXT_CONTRAST,
    );
    const legible = legibleColour(theme, theme.palette.error.main);
    expect(legible).not.toBe(theme.palette.error.main);
    expect(getLuminance(legible)).toBeLessThan(
      getLuminance(theme.palette.error.main),
    );
    expect(legibleColour(theme, theme.palette.text.primary)).toBe(
      theme.palette.text.primary,
    );
  });

  it('lightens on a dark theme', () => {
    const theme = createTheme({ palette: { type: 'dark' } });
    const legible = legibleColour(theme, '#1f5493');
    expect(getLuminance(legible)).toBeGreaterThan(getLuminance('#1f5493'));
    expect(
      getContrastRatio(legible, theme.palette.background.paper),
    ).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
  });
});
