// Plain webpack build of the API: TypeScript through ts-loader (decorator metadata kept), workspace libs
// bundled through their path aliases, every npm package left external (installed beside the bundle).
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

module.exports = {
  target: 'node',
  mode: 'production',
  devtool: 'source-map',
  entry: { main: path.join(__dirname, 'src/main.ts') },
  output: { path: path.join(root, 'dist/apps/api'), filename: '[name].js', clean: true },
  resolve: {
    extensions: ['.ts', '.js'],
    alias: {
      '@esms/domain': path.join(root, 'libs/shared/domain/src/index.ts'),
      '@esms/api-contract': path.join(root, 'libs/shared/api-contract/src/index.ts'),
    },
  },
  externalsPresets: { node: true },
  externals: [
    ({ request }, callback) => {
      if (request && !request.startsWith('.') && !path.isAbsolute(request) && !request.startsWith('@esms/')) {
        return callback(null, `commonjs ${request}`);
      }
      return callback();
    },
  ],
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: 'ts-loader',
        options: { configFile: path.join(__dirname, 'tsconfig.app.json'), transpileOnly: true },
      },
    ],
  },
  optimization: { minimize: false },
  performance: { hints: false },
};
