import type { DepartmentInfo, Directory } from '../../directory/types.js';

/** A department by its exact name (教务处) or its id in the org file (academic). */
export function resolveDepartment(nameOrId: string, directory: Directory): DepartmentInfo | undefined {
  return directory.departmentNamed(nameOrId) ?? directory.department(nameOrId);
}
