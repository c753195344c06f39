/** What the operator should do when a data file cannot be used, unless a finding says better. */
const FIX_OR_MOVE = '文件未做任何改动；请修复或移走它后再启动。';

/** A data file that cannot be used: start-up stops and the file is left as it is. */
export class DataFileError extends Error {
  /** `todo`: what to do about it, when "fix it or move it away" would be the wrong advice. */
  constructor(readonly file: string, readonly problem: string, todo: string = FIX_OR_MOVE) {
    super(`数据文件无法使用，启动已停止：${file}\n  问题：${problem}\n  ${todo}`);
  }
}

/** A catalog file (CATALOG_FILE, a replay's or the CLI's) that cannot be read: says which and why. */
export class CatalogFileError extends DataFileError {
  constructor(file: string, problem: string) {
    super(file, problem);
    this.message = `商品目录无法使用：${file}\n  问题：${problem}`;
  }
}
