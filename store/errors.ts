/** A data file that cannot be used: start-up stops and the file is left as it is. */
export class DataFileError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`数据文件无法使用，启动已停止：${file}\n  问题：${problem}\n  文件未做任何改动；请修复或移走它后再启动。`);
  }
}

/** A catalog file (CATALOG_FILE, a replay's or the CLI's) that cannot be read: says which and why. */
export class CatalogFileError extends DataFileError {
  constructor(file: string, problem: string) {
    super(file, problem);
    this.message = `商品目录无法使用：${file}\n  问题：${problem}`;
  }
}
