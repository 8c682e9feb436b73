/**
 * `@healthtrace/qr/render`: QR rendering (SVG, PNG in Node, terminal) with explicit segments, and
 * the printable venue poster. A separate entry point so that the core package stays small.
 *
 * @packageDocumentation
 */
export { POSTER_INSTRUCTIONS, POSTER_SIZES, renderVenuePoster } from '../poster/venue-poster';
export {
  encodeQrSymbol,
  type QrEcc,
  type QrSymbol,
  qrSymbolPath,
  qrVersionOf,
  type RenderOptions,
  renderQrPng,
  renderQrSvg,
  renderQrTerminal,
} from './qr-render';
